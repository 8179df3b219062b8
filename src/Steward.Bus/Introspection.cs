using System.Security;
using System.Text;

namespace Steward.Bus;

/// <summary>Introspection XML in the layout sd-bus produces: the DOCTYPE, the three standard
/// interfaces, then each interface's members in declaration order, then the child nodes.</summary>
internal static class Introspection
{
    private const string Header =
        "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n" +
        "\"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n";

    private const string StandardInterfaces =
        " <interface name=\"org.freedesktop.DBus.Peer\">\n" +
        "  <method name=\"Ping\"/>\n" +
        "  <method name=\"GetMachineId\">\n" +
        "   <arg type=\"s\" name=\"machine_uuid\" direction=\"out\"/>\n" +
        "  </method>\n" +
        " </interface>\n" +
        " <interface name=\"org.freedesktop.DBus.Introspectable\">\n" +
        "  <method name=\"Introspect\">\n" +
        "   <arg name=\"xml_data\" type=\"s\" direction=\"out\"/>\n" +
        "  </method>\n" +
        " </interface>\n" +
        " <interface name=\"org.freedesktop.DBus.Properties\">\n" +
        "  <method name=\"Get\">\n" +
        "   <arg name=\"interface_name\" direction=\"in\" type=\"s\"/>\n" +
        "   <arg name=\"property_name\" direction=\"in\" type=\"s\"/>\n" +
        "   <arg name=\"value\" direction=\"out\" type=\"v\"/>\n" +
        "  </method>\n" +
        "  <method name=\"GetAll\">\n" +
        "   <arg name=\"interface_name\" direction=\"in\" type=\"s\"/>\n" +
        "   <arg name=\"props\" direction=\"out\" type=\"a{sv}\"/>\n" +
        "  </method>\n" +
        "  <method name=\"Set\">\n" +
        "   <arg name=\"interface_name\" direction=\"in\" type=\"s\"/>\n" +
        "   <arg name=\"property_name\" direction=\"in\" type=\"s\"/>\n" +
        "   <arg name=\"value\" direction=\"in\" type=\"v\"/>\n" +
        "  </method>\n" +
        "  <signal name=\"PropertiesChanged\">\n" +
        "   <arg type=\"s\" name=\"interface_name\"/>\n" +
        "   <arg type=\"a{sv}\" name=\"changed_properties\"/>\n" +
        "   <arg type=\"as\" name=\"invalidated_properties\"/>\n" +
        "  </signal>\n" +
        " </interface>\n";

    public static string Generate(IReadOnlyList<BusInterface> interfaces, IEnumerable<string> childNames)
    {
        var xml = new StringBuilder(Header);
        xml.Append("<node>\n");
        xml.Append(StandardInterfaces);
        foreach (var iface in interfaces)
        {
            xml.Append(" <interface name=\"").Append(iface.Name).Append("\">\n");
            foreach (var member in iface.Members)
            {
                switch (member)
                {
                    case BusProperty p:
                        AppendProperty(xml, p);
                        break;
                    case BusMethod m:
                        AppendMethod(xml, m);
                        break;
                    case BusSignalInfo s:
                        AppendSignal(xml, s);
                        break;
                }
            }
            xml.Append(" </interface>\n");
        }
        foreach (var child in childNames)
            xml.Append(" <node name=\"").Append(SecurityElement.Escape(child)).Append("\"/>\n");
        xml.Append("</node>\n");
        return xml.ToString();
    }

    private static void AppendProperty(StringBuilder xml, BusProperty p)
    {
        var access = p.Set is null ? "read" : "readwrite";
        var annotation = p.Emits switch
        {
            PropertyEmits.Const => "const",
            PropertyEmits.Invalidates => "invalidates",
            PropertyEmits.False => "false",
            _ => null,
        };
        xml.Append("  <property name=\"").Append(p.Name).Append("\" type=\"").Append(SecurityElement.Escape(p.Signature))
            .Append("\" access=\"").Append(access).Append('"');
        if (annotation is null)
        {
            xml.Append("/>\n");
            return;
        }
        xml.Append(">\n   <annotation name=\"org.freedesktop.DBus.Property.EmitsChangedSignal\" value=\"")
            .Append(annotation).Append("\"/>\n  </property>\n");
    }

    private static void AppendMethod(StringBuilder xml, BusMethod m)
    {
        var inTypes = DBusSignature.Split(m.InSignature);
        var outTypes = DBusSignature.Split(m.OutSignature);
        if (inTypes.Count + outTypes.Count == 0)
        {
            xml.Append("  <method name=\"").Append(m.Name).Append("\"/>\n");
            return;
        }
        xml.Append("  <method name=\"").Append(m.Name).Append("\">\n");
        AppendArgs(xml, inTypes, m.InNames, "in");
        AppendArgs(xml, outTypes, m.OutNames, "out");
        xml.Append("  </method>\n");
    }

    private static void AppendSignal(StringBuilder xml, BusSignalInfo s)
    {
        var types = DBusSignature.Split(s.Signature);
        if (types.Count == 0)
        {
            xml.Append("  <signal name=\"").Append(s.Name).Append("\"/>\n");
            return;
        }
        xml.Append("  <signal name=\"").Append(s.Name).Append("\">\n");
        AppendArgs(xml, types, s.ArgNames, null);
        xml.Append("  </signal>\n");
    }

    private static void AppendArgs(StringBuilder xml, IReadOnlyList<string> types, IReadOnlyList<string>? names, string? direction)
    {
        for (var i = 0; i < types.Count; i++)
        {
            xml.Append("   <arg type=\"").Append(SecurityElement.Escape(types[i])).Append('"');
            if (names is not null && i < names.Count)
                xml.Append(" name=\"").Append(SecurityElement.Escape(names[i])).Append('"');
            if (direction is not null)
                xml.Append(" direction=\"").Append(direction).Append('"');
            xml.Append("/>\n");
        }
    }
}
