import { Transport } from './accept';
import { Connection } from './connection';

/**
 * A Connection that remembers which listener accepted it, so that the log
 * lines about it (a refusal by the room) can say so without a table beside
 * the connections.
 */
export class AcceptedConnection extends Connection {
  /** The name the client asked for as it connected (an SSH login's user name), for its connected event. */
  askedName: string | undefined;
  /** The fingerprint of the key the client proved it holds (SSH), its identity for accounts. */
  keyFingerprint: string | undefined;

  constructor(
    readonly transport: Transport,
    ...connection: ConstructorParameters<typeof Connection>
  ) {
    super(...connection);
  }
}
