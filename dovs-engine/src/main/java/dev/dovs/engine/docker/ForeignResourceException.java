package dev.dovs.engine.docker;

/**
 * A resource with the name dovs wanted exists already and dovs did not make it for this intent (it lacks the
 * lab's mark, or it is a leftover): the action created nothing, so it needs no compensation.
 */
public final class ForeignResourceException extends RuntimeException {
    public ForeignResourceException(String message) {
        super(message);
    }
}
