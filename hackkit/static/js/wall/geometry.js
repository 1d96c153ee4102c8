// Which part of the wall canvas this screen shows, and how to show only that part.
// Reads the description written by WallGeometry.to_dict() in hackkit/wall/layout.py (a
// "screens" list), or the {"grid": {...}} form that from_dict also accepts.
// Plain ES module: no build step, no dependencies.

function screensOf(geometry) {
  if (geometry.grid) {
    const {
      rows,
      cols,
      screen_w: w,
      screen_h: h,
      bezel_x: bx = 0,
      bezel_y: by = 0,
    } = geometry.grid;
    const screens = [];
    for (let row = 0; row < rows; row += 1) {
      for (let col = 0; col < cols; col += 1) {
        screens.push({ key: `r${row}c${col}`, x: col * (w + bx), y: row * (h + by), w, h });
      }
    }
    return screens;
  }
  return geometry.screens || [];
}

/** The {x, y, w, h} of the canvas that screenKey shows, or null if the wall has no such screen. */
export function viewportOf(geometry, screenKey) {
  const screen = screensOf(geometry).find((s) => s.key === screenKey);
  return screen ? { x: screen.x, y: screen.y, w: screen.w, h: screen.h } : null;
}

/** The whole canvas, {x: 0, y: 0, w, h}: from the origin to the furthest screen edge. */
export function canvasOf(geometry) {
  const screens = screensOf(geometry);
  return {
    x: 0,
    y: 0,
    w: Math.max(0, ...screens.map((s) => s.x + s.w)),
    h: Math.max(0, ...screens.map((s) => s.y + s.h)),
  };
}

/** Scale that fits a viewport into a window of the given size (the TV's CSS pixels). */
export function fitScale(viewport, windowWidth, windowHeight) {
  return Math.min(windowWidth / viewport.w, windowHeight / viewport.h);
}

/**
 * Shift (and optionally scale) the full-canvas element so the screen shows only its viewport.
 * Its container should clip overflow. Pass canvas (from canvasOf) to size the element too.
 */
export function applyViewport(canvasEl, viewport, { scale = 1, canvas = null } = {}) {
  const style = canvasEl.style;
  if (canvas) {
    style.width = `${canvas.w}px`;
    style.height = `${canvas.h}px`;
  }
  // Scale about the top-left corner, so translating by -x, -y puts the viewport's corner
  // exactly at the screen's corner whatever the scale.
  style.transformOrigin = "0 0";
  const shift = `translate(${-viewport.x}px, ${-viewport.y}px)`;
  style.transform = scale === 1 ? shift : `scale(${scale}) ${shift}`;
}
