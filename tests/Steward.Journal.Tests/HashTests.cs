using System.Text;
using Steward.Journal.Hashing;

namespace Steward.Journal.Tests;

public class HashTests
{
    private static readonly byte[] SipKey = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Fact]
    public void SipHash24_of_the_empty_message_matches_the_reference_vector()
    {
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash24.Hash([], SipKey));
    }

    [Fact]
    public void SipHash24_of_fifteen_bytes_matches_the_paper_appendix()
    {
        byte[] message = [.. Enumerable.Range(0, 15).Select(i => (byte)i)];
        Assert.Equal(0xa129ca6149be45e5UL, SipHash24.Hash(message, SipKey));
    }

    [Fact]
    public void SipHash24_rejects_a_key_that_is_not_sixteen_bytes()
    {
        Assert.Throws<ArgumentException>(() => SipHash24.Hash([1], new byte[8]));
    }

    [Theory]
    [InlineData("", 0u, 0u, 0xdeadbeefu, 0xdeadbeefu)]
    [InlineData("", 0u, 0xdeadbeefu, 0xbd5b7ddeu, 0xdeadbeefu)]
    [InlineData("", 0xdeadbeefu, 0xdeadbeefu, 0x9c093ccdu, 0xbd5b7ddeu)]
    [InlineData("Four score and seven years ago", 0u, 0u, 0x17770551u, 0xce7226e6u)]
    [InlineData("Four score and seven years ago", 0u, 1u, 0xe3607caeu, 0xbd371de4u)]
    [InlineData("Four score and seven years ago", 1u, 0u, 0xcd628161u, 0x6cbea4b3u)]
    public void Lookup3_hashlittle2_matches_the_vectors_of_its_author(string text, uint c, uint b, uint expectC, uint expectB)
    {
        Lookup3.HashLittle2(Encoding.ASCII.GetBytes(text), ref c, ref b);
        Assert.Equal((expectC, expectB), (c, b));
    }

    [Fact]
    public void Lookup3_hash64_puts_the_primary_result_in_the_high_half()
    {
        Assert.Equal(0x17770551ce7226e6UL, Lookup3.Hash64("Four score and seven years ago"u8));
    }

    [Fact]
    public void Lookup3_handles_every_tail_length()
    {
        var seen = new HashSet<ulong>();
        var data = Enumerable.Range(0, 40).Select(i => (byte)(i * 7 + 1)).ToArray();
        for (var n = 0; n <= data.Length; n++)
        {
            Assert.True(seen.Add(Lookup3.Hash64(data.AsSpan(0, n))));
        }
    }
}
