package dev.denali.gateway;

import java.util.List;
import java.util.Map;

/**
 * A service as the gateway reports it.
 *
 * @param name the name clients reach it by (the Host header's first label)
 * @param binary the binary it runs
 * @param vms its VM ids, instance 1 first
 * @param port its own port, or 0
 * @param activeConnections connections open now
 * @param connections connections since it was deployed
 * @param bytesIn bytes from clients to its VMs
 * @param bytesOut bytes from its VMs to clients
 * @param refusedConnections connections turned away (limit, no VM able to take them)
 * @param badGateway connections closed with 502 because their VM faulted or ended
 * @param replaced VMs destroyed from outside (an operator's destroy) and replaced by fresh ones
 * @param digest the SHA-256 (hex) of the ELF its VMs run
 * @param responses HTTP mode: answers by status class ("2xx" ...)
 * @param inFlight HTTP mode: requests waiting for a VM or being answered now
 * @param queued HTTP mode: requests waiting for a VM now
 * @param abandoned HTTP mode: requests whose client went away before the answer
 * @param latencyP50Micros HTTP mode: the median time from a request's arrival to its answer
 *     since the service was deployed (microseconds)
 * @param latencyP99Micros ... and the 99th percentile
 * @param cpuNanos host CPU time its VMs have used
 */
public record ServiceInfo(String name, String binary, String digest, List<Integer> vms, int port,
    int activeConnections, long connections, long bytesIn, long bytesOut,
    long refusedConnections, long badGateway, long replaced, Map<String, Long> responses,
    int inFlight, int queued, long abandoned, long latencyP50Micros, long latencyP99Micros,
    long cpuNanos) {}
