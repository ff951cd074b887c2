/** How a plugin declares its configuration options and reads them, typed. */
package dev.eventbridge.api.config;
