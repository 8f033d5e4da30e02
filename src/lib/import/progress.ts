// Progress of a long import, drawn as a bar on a terminal and as a plain line
// every tenth of the file otherwise (logs, CI). Pure: it returns what to print.
interface ProgressState {
  bytes: number;
  total: number | null;
  entries: number;
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

export function progressBar(state: ProgressState, width = 30): string {
  const share = state.total ? Math.min(1, state.bytes / state.total) : 0;
  const filled = Math.round(share * width);
  const size = state.total ? `${megabytes(state.bytes)}/${megabytes(state.total)} MB` : `${megabytes(state.bytes)} MB`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${size} · ${state.entries.toLocaleString('en')} posts and pages`;
}

/** A plain line when the file crosses the next tenth, else null. */
export function progressLine(state: ProgressState, lastTenth: number): { line: string; tenth: number } | null {
  if (!state.total) return null;
  const tenth = Math.floor((state.bytes / state.total) * 10);
  if (tenth <= lastTenth || tenth >= 10) return null;
  return {
    line: `Importing: ${tenth * 10}% (${megabytes(state.bytes)} of ${megabytes(state.total)} MB), ${state.entries.toLocaleString('en')} posts and pages so far`,
    tenth,
  };
}
