package org.medirelay.assistant;

/**
 * Which engine wrote a reply: the built-in one (rules, intake, help search) or the configured
 * language model.
 */
public enum Engine {
  BUILTIN,
  PROVIDER
}
