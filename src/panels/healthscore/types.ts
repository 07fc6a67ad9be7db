export interface Options {
  /** Decimals shown for component values. */
  decimals: number;
}

export const defaultOptions: Options = {
  decimals: 2,
};
