using XHostNet.Execution;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

public class ShellQuotingTests
{
    public static TheoryData<string> Hostile => new()
    {
        "", "plain", "two words", "it's", "'", "''", "\"double\"", "$(touch /tmp/xhn-pwned)", "`id`", "${HOME}", "$HOME",
        "a;b", "a&&b", "a|b", "line1\nline2", "tab\there", "back\\slash", "*", "?", "[a]", "~", "-n", "--", "#comment",
        "ünïcödé ✓ 日本", "trailing\\", "!bang", "a=b", "%s%n", " leading", "\r\n",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Quoted_argument_reaches_a_real_shell_byte_for_byte(string argument)
    {
        // sh parses the quoted word; printf hands it back between markers, so any expansion or split would show.
        var (exit, output, _) = Sh.Run("sh", "-c", "printf '<%s>' " + ShellQuoting.Quote(argument));
        Assert.Equal(0, exit);
        Assert.Equal($"<{argument}>", output);
    }

    [Fact]
    public void Join_quotes_every_argument_and_keeps_safe_words_bare()
    {
        Assert.Equal("ip link add name br0 type bridge", ShellQuoting.Join(new[] { "ip", "link", "add", "name", "br0", "type", "bridge" }));
        Assert.Equal("echo 'a b' 'it'\\''s' ''", ShellQuoting.Join(new[] { "echo", "a b", "it's", "" }));
    }

    [Fact]
    public void Program_word_with_equals_is_quoted_so_the_shell_does_not_read_an_assignment()
    {
        Assert.Equal("'A=B' x", ShellQuoting.Join(new[] { "A=B", "x" }));
        // An absolute path, so PATH (which may hold directories this user cannot read) plays no part.
        var (exit, _, err) = Sh.Run("sh", "-c", ShellQuoting.Join(new[] { "/nonexistent/XHN_NOT=A_COMMAND" }));
        Assert.Equal(127, exit); // run as a (missing) program, not taken as an assignment
        Assert.Contains("XHN_NOT=A_COMMAND", err);
    }

    [Fact]
    public void Nul_characters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ShellQuoting.Quote("a\0b"));
    }
}
