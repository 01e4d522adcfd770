/**
 * Where the service's settings come from, and which MicroProfile APIs the server offers: {@link
 * dev.modelcache.service.settings.Settings} is the one way to read a setting, from MicroProfile
 * Config where the server has it and from the environment otherwise; {@link
 * dev.modelcache.service.settings.MicroProfileParts} says which APIs are present. Only the {@code
 * mp} subpackage imports MicroProfile.
 */
package dev.modelcache.service.settings;
