/** Bridge configuration: a {@code .properties} file plus environment overrides, parsed and validated against the options plugins declare. */
package dev.eventbridge.core.config;
