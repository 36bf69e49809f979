package dev.ciofake.internal.pitfall;

import dev.ciofake.Severity;

/**
 * The fixed facts of one pitfall kind.
 *
 * @param id stable id, part of the public API
 * @param severity default severity
 * @param title one line on what the mistake is
 * @param fix what to do instead
 */
public record PitfallDefinition(String id, Severity severity, String title, String fix) {}
