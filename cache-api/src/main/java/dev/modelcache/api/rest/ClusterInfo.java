package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster as this member sees it ({@code cluster} in {@code /stats} and {@code /models};
 * absent when clustering is off). Member states are what each member last published in the grid.
 *
 * @param self this member's name (host:port)
 * @param members every live member, this one included
 * @param placement each model held anywhere, to the members holding it
 * @param copies each model held anywhere, to how many members hold it
 * @param loading each model being placed, to the member that claimed it and loads it
 */
public record ClusterInfo(
    @JsonbProperty("self") String self,
    @JsonbProperty("members") List<ClusterMemberInfo> members,
    @JsonbProperty("placement") Map<String, List<String>> placement,
    @JsonbProperty("copies") Map<String, Integer> copies,
    @JsonbProperty("loading") Map<String, String> loading) {}
