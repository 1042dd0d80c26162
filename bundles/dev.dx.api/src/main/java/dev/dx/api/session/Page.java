package dev.dx.api.session;

import java.util.List;

/**
 * One page of results.
 *
 * @param <T>        the item type
 * @param items      the items
 * @param nextCursor pass to the next query for the following page, or {@code null} when this is the last
 * @since 0.1
 */
public record Page<T>(List<T> items, String nextCursor) {
}
