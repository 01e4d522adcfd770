/**
 * The one class that reads MicroProfile Config. Loaded only where the server has the API (see
 * {@code MicroProfileParts}), and excluded from CDI discovery elsewhere ({@code beans.xml}).
 */
package dev.modelcache.service.settings.mp;
