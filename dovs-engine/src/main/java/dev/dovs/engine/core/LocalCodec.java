package dev.dovs.engine.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes records by reference on the local event bus. Safe only because the messages are immutable records; the
 * engine's bus never leaves the process, so the wire methods are never used.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;

    public LocalCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T t) {
        throw new UnsupportedOperationException("local only: " + type.getName());
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("local only: " + type.getName());
    }

    @Override
    public T transform(T t) {
        return t;
    }

    @Override
    public String name() {
        return "dovs-local-" + type.getSimpleName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
