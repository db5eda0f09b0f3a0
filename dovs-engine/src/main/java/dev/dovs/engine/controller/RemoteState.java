package dev.dovs.engine.controller;

import dev.dovs.events.StepResult;

/**
 * What a controller's inspect step read (e.g. the neutron objects ODL holds for the lab): the step's typed result,
 * logged as its facts, and the ground the second decision of the intent rests on.
 */
public interface RemoteState extends StepResult {
}
