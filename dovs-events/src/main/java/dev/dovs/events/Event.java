package dev.dovs.events;

/**
 * Root of everything that is written to a lab's log. The log outlives the code, so every concrete type has an
 * explicit wire name and a hand-written codec ({@link dev.dovs.events.codec.EventCodec}); renaming a class or a
 * record component never changes what is on disk.
 */
public sealed interface Event permits Intent, StepEvent, Outcome, EngineEvent, UnknownEvent {
}
