/** A one-line progress bar on stderr (only when it is a terminal; otherwise a line per 10%). */
export function progressBar(label: string) {
  let lastTenth = -1;
  return (done: number, total: number) => {
    const share = total === 0 ? 1 : done / total;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%${done >= total ? '\n' : ''}`,
      );
    } else {
      const tenth = Math.floor(share * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label} ${tenth * 10}%\n`);
      }
    }
  };
}
