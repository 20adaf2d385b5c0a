using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace XHostNet.Host;

/// <summary>Just enough of a console for the formatter: its width.</summary>
internal sealed class ConsoleRawUserInterface : PSHostRawUserInterface
{
    private static int Width
    {
        get
        {
            if (!Console.IsOutputRedirected)
            {
                try { return Math.Max(80, Console.WindowWidth); } catch (IOException) { }
            }
            return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 40 ? columns : 160;
        }
    }

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Size BufferSize { get => new(Width, 9999); set { } }
    public override Size WindowSize { get => new(Width, 50); set { } }
    public override Size MaxWindowSize => new(Width, 50);
    public override Size MaxPhysicalWindowSize => new(Width, 50);
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "xhostnet-shell";
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
