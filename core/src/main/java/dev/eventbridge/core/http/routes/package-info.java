/**
 * What each route of the HTTP API does, independent of the server: {@link dev.eventbridge.core.http.routes.Routes}
 * matches a request to a route, the route classes answer it, {@link dev.eventbridge.core.http.routes.Failures}
 * turns a failure into its status and JSON error.
 */
package dev.eventbridge.core.http.routes;
