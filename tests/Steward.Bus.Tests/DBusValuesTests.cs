namespace Steward.Bus.Tests;

public class DBusValuesTests
{
    [Fact]
    public void Structs_with_equal_fields_are_built_from_parameters_in_order()
    {
        var value = new DBusStruct("a.service", 1u);
        Assert.Equal(["a.service", 1u], value.Fields);
    }

    [Fact]
    public void An_object_path_prints_as_its_text()
    {
        Assert.Equal("/org/freedesktop/systemd1", new ObjectPath("/org/freedesktop/systemd1").ToString());
    }
}
