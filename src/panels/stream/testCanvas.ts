/**
 * A 2D canvas context for the stream panel's tests (jsdom has none): enough for the charts to draw,
 * keeping the x of every vertex of the last path stroked.
 */
export class PathRecorder {
  xs: number[] = [];
  private path: number[] = [];
  strokeStyle = '';
  lineWidth = 1;
  lineJoin = '';
  globalCompositeOperation = '';
  font = '';
  beginPath() {
    this.path = [];
  }
  moveTo(x: number) {
    this.path.push(x);
  }
  lineTo(x: number) {
    this.path.push(x);
  }
  stroke() {
    this.xs = [...this.path];
  }
  measureText(text: string) {
    return { width: text.length * 7 };
  }
  clearRect() {}
  rect() {}
  clip() {}
  save() {}
  restore() {}
  drawImage() {}
}

/**
 * Gives every canvas its own PathRecorder for each test (call at the top of a test file); the map,
 * canvas → recorder, is new for each test.
 */
export function recordCanvases(): Map<HTMLCanvasElement, PathRecorder> {
  const recorders = new Map<HTMLCanvasElement, PathRecorder>();
  const original = HTMLCanvasElement.prototype.getContext;
  beforeEach(() => {
    recorders.clear();
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
      if (!recorders.has(this)) {
        recorders.set(this, new PathRecorder());
      }
      return recorders.get(this);
    } as never;
  });
  afterEach(() => {
    HTMLCanvasElement.prototype.getContext = original;
  });
  return recorders;
}
