/** Node's reporter does not print an error's cause: put fast-check's inner failure in the message. */
export async function explain(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    throw new Error(`${cause?.message ?? ""}\n${(err as Error).message}`);
  }
}
