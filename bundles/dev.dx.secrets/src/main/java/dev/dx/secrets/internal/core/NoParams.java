package dev.dx.secrets.internal.core;

/** Parameters of methods that take none: binding to it refuses any that are sent. */
public record NoParams() {
}
