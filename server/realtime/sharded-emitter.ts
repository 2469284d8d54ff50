/**
 * What @socket.io/redis-emitter does for the classic adapter, for the sharded one
 * (`createShardedAdapter` of @socket.io/redis-adapter), which the emitter does not speak
 * (socketio/socket.io-redis-emitter#127): the sharded adapter listens with SSUBSCRIBE, and
 * reads the messages of socket.io-adapter's ClusterAdapter, not the emitter's.
 *
 * A message is sent as the adapter sends its own (JSON, `uid: "emitter"`, which the
 * ClusterAdapter accepts from a process that is not a server), on the channel the adapter
 * would choose (its `computeChannel`, in its default "dynamic" subscription mode): a
 * broadcast to one room on that room's channel, anything else on the namespace's.
 */

/** socket.io-adapter's ClusterAdapter message types this emitter sends. */
const BROADCAST = 3
const DISCONNECT_SOCKETS = 6
/** socket.io-parser's EVENT packet. */
const EVENT = 2
const EMITTER_UID = 'emitter'
const NSP = '/'

/** The one command the emitter needs, so that the caller handles its failures. */
export interface ShardedPublishClient {
  spublish(channel: string, message: string): Promise<unknown>
}

/** A socket id is 20 characters: the adapter keeps such rooms on the namespace's channel. */
const looksLikeASocketId = (room: string) => room.length === 20

/** An emitter for every socket of the namespace; `.to(room)` narrows it, as the classic one. */
export function createShardedEmitter(
  client: ShardedPublishClient,
  /** The adapter's `channelPrefix`. */
  channelPrefix: string,
): ShardedBroadcast {
  return new ShardedBroadcast(client, `${channelPrefix}#${NSP}#`, [], [])
}

export class ShardedBroadcast {
  constructor(
    private readonly client: ShardedPublishClient,
    private readonly channel: string,
    private readonly rooms: string[],
    private readonly exceptRooms: string[],
  ) {}

  to(room: string): ShardedBroadcast {
    return new ShardedBroadcast(this.client, this.channel, [...this.rooms, room], this.exceptRooms)
  }

  in(room: string): ShardedBroadcast {
    return this.to(room)
  }

  except(room: string): ShardedBroadcast {
    return new ShardedBroadcast(this.client, this.channel, this.rooms, [...this.exceptRooms, room])
  }

  emit(event: string, ...args: unknown[]): boolean {
    const [only] = this.rooms
    const channel =
      this.rooms.length === 1 && only !== undefined && !looksLikeASocketId(only)
        ? `${this.channel}${only}#`
        : this.channel
    void this.client.spublish(
      channel,
      JSON.stringify({
        uid: EMITTER_UID,
        nsp: NSP,
        type: BROADCAST,
        data: {
          packet: { type: EVENT, data: [event, ...args], nsp: NSP },
          opts: { rooms: this.rooms, except: this.exceptRooms, flags: {} },
        },
      }),
    )
    return true
  }

  disconnectSockets(close = false): void {
    void this.client.spublish(
      this.channel,
      JSON.stringify({
        uid: EMITTER_UID,
        nsp: NSP,
        type: DISCONNECT_SOCKETS,
        data: { opts: { rooms: this.rooms, except: this.exceptRooms, flags: {} }, close },
      }),
    )
  }
}
