using TimeTrack.Domain.Validation;

namespace TimeTrack.Domain.Tests.Validation;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("Standup notes", true)]
    [InlineData("Line one\nline two\r\nline three", true)]
    [InlineData("Column\tcolumn", true)]
    [InlineData("Ünïcødé, emoji 🎉 and DEL \u007f", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("a\0b", false)]
    [InlineData("\0", false)]
    [InlineData("bell\u0007", false)]
    [InlineData("escape \u001b[31m", false)]
    [InlineData("form\u000cfeed", false)]
    [InlineData("vertical\u000btab", false)]
    [InlineData("unit\u001fseparator", false)]
    public void Text_is_plain_unless_it_has_a_C0_control_character_other_than_tab_and_line_breaks(string? text, bool expected) =>
        Assert.Equal(expected, PlainText.IsPlain(text));

    [Theory]
    [InlineData("abc", -1)]
    [InlineData("a\0b", 1)]
    [InlineData("ab\n\u0001", 3)]
    public void The_first_control_character_is_found_where_it_is(string text, int expected) =>
        Assert.Equal(expected, PlainText.FirstControlCharacter(text));
}
