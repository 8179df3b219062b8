using Steward.Units.Verification;

namespace Steward.Units.Tests.Verification;

public class EditDistanceTests
{
    [Fact]
    public void OneInsertionIsDistanceOne() => Assert.Equal(1, EditDistance.Between("multiuser.target", "multi-user.target"));

    [Fact]
    public void ClosestIgnoresFarCandidates() => Assert.Null(EditDistance.Closest("Foo", ["ExecStart", "Type"]));
}
