using XHostNet.Reachability;

namespace XHostNet.Tests.Reachability;

/// <summary>ping's summary as iputils and BusyBox print it (captured on this machine and from local/busybox:1).</summary>
public class PingOutputTests
{
    [Fact]
    public void Iputils_summary_parses()
    {
        var s = PingOutput.Parse("PING 10.201.2.2 (10.201.2.2) 1434(1462) bytes of data.\n1442 bytes from 10.201.2.2: icmp_seq=1 ttl=63 time=0.574 ms\n\n" +
                                 "--- 10.201.2.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 409ms\n" +
                                 "rtt min/avg/max/mdev = 0.404/0.492/0.574/0.069 ms\n");
        Assert.Equal((true, 3, 3, 0.404, 0.492, 0.574), (s.Parsed, s.Sent, s.Received, s.RttMin!.Value, s.RttAvg!.Value, s.RttMax!.Value));
    }

    [Fact]
    public void Busybox_summary_parses()
    {
        var s = PingOutput.Parse("PING 10.201.0.128 (10.201.0.128): 56 data bytes\n64 bytes from 10.201.0.128: seq=0 ttl=64 time=0.129 ms\n\n" +
                                 "--- 10.201.0.128 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\n" +
                                 "round-trip min/avg/max = 0.092/0.106/0.129 ms\n");
        Assert.Equal((true, 3, 3, 0.092, 0.106, 0.129), (s.Parsed, s.Sent, s.Received, s.RttMin!.Value, s.RttAvg!.Value, s.RttMax!.Value));
    }

    [Fact]
    public void Total_loss_has_counts_but_no_round_trip_times_and_errors_have_no_summary()
    {
        var lost = PingOutput.Parse("--- 10.201.9.9 ping statistics ---\n3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2040ms\n");
        Assert.Equal((true, 3, 0, (double?)null), (lost.Parsed, lost.Sent, lost.Received, lost.RttAvg));
        Assert.False(PingOutput.Parse("ping: connect: Network is unreachable\n").Parsed);
    }

    [Fact]
    public void A_failure_says_why_in_pings_own_words_once()
    {
        // iputils with -M do and a packet above the path MTU: one line per packet on stderr, the summary counts errors.
        var tooBig = "PING 10.201.2.2 (10.201.2.2) 1500(1528) bytes of data.\n\n--- 10.201.2.2 ping statistics ---\n" +
                     "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 202ms\n";
        var mtu = "ping: local error: message too long, mtu=1462\nping: local error: message too long, mtu=1462\n";
        Assert.Equal("local error: message too long, mtu=1462", PingOutput.FailureReason(PingOutput.Parse(tooBig), tooBig, mtu, 1, 2));
        // No route: ping stops before sending, with no summary.
        Assert.Equal("connect: Network is unreachable", PingOutput.FailureReason(PingOutput.Parse(""), "", "ping: connect: Network is unreachable\n", 2, 2));
        // A router's ICMP error, printed on stdout.
        var unreachable = "From 10.201.1.1 icmp_seq=1 Destination Net Unreachable\nFrom 10.201.1.1 icmp_seq=2 Destination Net Unreachable\n\n" +
                          "--- 10.201.9.9 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms\n";
        Assert.Equal("Destination Net Unreachable (from 10.201.1.1)", PingOutput.FailureReason(PingOutput.Parse(unreachable), unreachable, "", 1, 2));
        // Silence: the timeout passed.
        var silent = "--- 10.201.1.9 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 206ms\n";
        Assert.Equal("no reply within 2 s", PingOutput.FailureReason(PingOutput.Parse(silent), silent, "", 1, 2));
        // A reply came: nothing to explain.
        var ok = "--- x ---\n3 packets transmitted, 1 received, 66% packet loss, time 2003ms\n";
        Assert.Null(PingOutput.FailureReason(PingOutput.Parse(ok), ok, "", 1, 2));
    }
}
