package dev.dovs.events.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How one type is written to and read from the log, under a wire name that never changes. Field names are spelled
 * out here, not derived from record components, so that refactoring the Java type cannot silently change the log.
 */
public record Codec<T>(String wireName, Class<T> type, BiConsumer<T, ObjectNode> writer, Function<Fields, T> reader) {

    void write(Object value, ObjectNode into) {
        writer.accept(type.cast(value), into);
    }
}
