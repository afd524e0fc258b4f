package dev.leti.cli;

/** The search spaces the command line knows; picocli lists them in help and rejects others. */
public enum Space {
  nb101,
  nb201
}
