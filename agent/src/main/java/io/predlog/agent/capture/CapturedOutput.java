package io.predlog.agent.capture;

/**
 * What is kept of a call's output, taken in one walk on the application's thread: its hash, its characteristics
 * (the event's {@code output}) and the {@link Features} that statistics need.
 *
 * @param hash            the canonical hash ({@code output_hash})
 * @param characteristics the {@code output} object of the event, or null when outputs are hashed only
 *                        ({@code predlog.output.enabled=false})
 * @param features        the output's features (named {@code output…}), {@link Features#NONE} when not gathered
 */
public record CapturedOutput(HashResult hash, Characteristics characteristics, Features features) {
}
