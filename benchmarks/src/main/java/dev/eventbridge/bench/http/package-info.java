/** The HTTP server shootout: the same publish route on each candidate server, under keep-alive load and slow-loris connections, printed as a table. */
package dev.eventbridge.bench.http;
