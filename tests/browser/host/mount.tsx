/**
 * What every page-like mount of the host shares: an error boundary that shows and logs what a
 * plugin component threw (a console error fails the test), and a render that resolves after the
 * first commit.
 */
import React, { Component, type ErrorInfo, type ReactNode, useLayoutEffect } from 'react';
import type { Root } from 'react-dom/client';

export class MountErrorBoundary extends Component<{ what: string; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.what}: ${error.message}\n${info.componentStack ?? ''}`);
  }

  render() {
    return this.state.error ? (
      <div role="alert">
        {this.props.what} error: {this.state.error.message}
      </div>
    ) : (
      this.props.children
    );
  }
}

function Committed({ onCommit, children }: { onCommit: () => void; children: ReactNode }) {
  useLayoutEffect(onCommit, [onCommit]);
  return <>{children}</>;
}

/**
 * Renders `element` into `root`; resolves after its first commit (lazy parts may still load). Later
 * renders of the same root must go through `rerender`: the tree keeps the same shape, so components
 * keep their state across a re-render, as they do in Grafana.
 */
export function renderCommitted(root: Root, element: ReactNode): Promise<void> {
  return new Promise<void>((resolve) => root.render(<Committed onCommit={resolve}>{element}</Committed>));
}

const noop = () => {};

/** Re-renders a root first rendered by renderCommitted, with the same wrapper (no remount). */
export function rerender(root: Root, element: ReactNode): void {
  root.render(<Committed onCommit={noop}>{element}</Committed>);
}
