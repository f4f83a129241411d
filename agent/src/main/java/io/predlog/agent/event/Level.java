package io.predlog.agent.event;

/** The {@code level} of an event. */
public enum Level { INFO, WARN, ERROR }
