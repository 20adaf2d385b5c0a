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
}
