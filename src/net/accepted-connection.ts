import { Transport } from './accept';
import { Connection } from './connection';

/**
 * A Connection that remembers which listener accepted it, so that the log
 * lines about it (a refusal by the room) can say so without a table beside
 * the connections.
 */
export class AcceptedConnection extends Connection {
  constructor(
    readonly transport: Transport,
    ...connection: ConstructorParameters<typeof Connection>
  ) {
    super(...connection);
  }
}
