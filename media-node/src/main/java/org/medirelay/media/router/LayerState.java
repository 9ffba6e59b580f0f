package org.medirelay.media.router;

/**
 * What a consumer can be fed from one layer of its producer, for whoever chooses its layer.
 *
 * @param index the layer's place, lowest resolution first; what {@link Consumer#setTarget} takes
 * @param rid its rid, or null for a producer without simulcast
 * @param width the width of its last keyframe (0 before the first)
 * @param height the height of its last keyframe (0 before the first)
 * @param bitrate bits per second received, the mean of the last three whole seconds; 0 for a layer
 *     that has not sent for a whole second since it started (again), whose rate is not known yet
 * @param live whether it sent anything within the last second
 */
public record LayerState(
    int index, String rid, int width, int height, long bitrate, boolean live) {}
