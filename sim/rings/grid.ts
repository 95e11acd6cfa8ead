// The raster the rings are contoured on: square cells in the graph's local projection. Cell
// (i, j) is centred at (x0 + i·cell, y0 + j·cell) and covers half a cell either side; rows run
// south to north. The value of a cell is a sample of the time field at its centre.

export interface RingGrid {
  x0: number;
  y0: number;
  cols: number;
  rows: number;
  /** cell size in metres */
  cell: number;
}

/**
 * A grid over `bbox` padded by `pad(cell)` metres, starting at `cellMeters` and coarsened until
 * it has at most `maxCells` cells.
 */
export function chooseGrid(
  bbox: readonly [number, number, number, number],
  cellMeters: number,
  maxCells: number,
  pad: (cell: number) => number,
): RingGrid {
  let cell = cellMeters;
  for (;;) {
    const p = pad(cell);
    const x0 = bbox[0] - p, y0 = bbox[1] - p;
    const cols = Math.max(3, Math.ceil((bbox[2] + p - x0) / cell) + 1);
    const rows = Math.max(3, Math.ceil((bbox[3] + p - y0) / cell) + 1);
    if (cols * rows <= maxCells) return { x0, y0, cols, rows, cell };
    // The padding does not scale with the cell, so step a little past the area ratio and retry.
    cell *= Math.max(1.01, Math.sqrt((cols * rows) / maxCells) * 1.01);
  }
}
