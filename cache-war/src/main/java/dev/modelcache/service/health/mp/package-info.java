/**
 * The service's checks as MicroProfile Health checks, for the server's own health endpoint where it
 * has one (Open Liberty's on its administrative port). CDI beans only where the server has the API
 * ({@code beans.xml} excludes this package otherwise); nothing else imports MicroProfile Health.
 */
package dev.modelcache.service.health.mp;
