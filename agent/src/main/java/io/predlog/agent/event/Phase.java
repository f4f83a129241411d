package io.predlog.agent.event;

/** Where in its life a request or a model load is: the three events each of them produces. */
public enum Phase { START, SUCCESS, FAILURE }
