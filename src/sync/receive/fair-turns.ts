// A few turns at a time, handed out round-robin across senders. One line in arrival order would
// let a sender with many requests waiting (a school resending in a loop, a province with many
// units) push every other sender to the back; here each sender with someone waiting gets the
// next free turn in rotation, so a sender waits for at most one turn per other sender waiting.

export interface Place {
  /** Leaves the line (the sender hung up or waited long enough); its turn goes to the next. */
  leave(): void;
}

export interface FairTurns {
  /** Turns in use. */
  readonly taking: number;
  /** Places in line, over every sender. */
  readonly waiting: number;
  /** A turn at once (returns undefined after calling `onTurn`), or a place in line. */
  take(sender: string, onTurn: () => void): Place | undefined;
  /** Ends a turn: it passes to the next sender in rotation, or is freed. */
  release(): void;
}

export function fairTurns(atOnce: number): FairTurns {
  let taking = 0;
  let waiting = 0;
  // A map keeps insertion order: its first sender is served next, then goes to the back.
  const line = new Map<string, (() => void)[]>();

  const remove = (sender: string, turn: () => void): boolean => {
    const turns = line.get(sender);
    const at = turns ? turns.indexOf(turn) : -1;
    if (at < 0) return false;
    turns!.splice(at, 1);
    if (turns!.length === 0) line.delete(sender);
    waiting -= 1;
    return true;
  };

  return {
    get taking() {
      return taking;
    },
    get waiting() {
      return waiting;
    },
    take(sender, onTurn) {
      if (taking < atOnce) {
        taking += 1;
        onTurn();
        return undefined;
      }
      const turns = line.get(sender) ?? [];
      if (turns.length === 0) line.set(sender, turns);
      turns.push(onTurn);
      waiting += 1;
      return { leave: () => remove(sender, onTurn) };
    },
    release() {
      const next = line.entries().next();
      if (next.done) {
        taking -= 1;
        return;
      }
      const [sender, turns] = next.value;
      const turn = turns[0]!;
      remove(sender, turn);
      // Its other requests wait behind every other sender's.
      if (line.delete(sender)) line.set(sender, turns);
      // The turn passes straight on, so nobody arriving now overtakes the line.
      turn();
    },
  };
}
