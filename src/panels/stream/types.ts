export type StreamLayout = 'grid' | 'list';

export interface Options {
  /** Tiles side by side (grid) or one per row (list). */
  layout: StreamLayout;
}

export const defaultOptions: Options = {
  layout: 'grid',
};
