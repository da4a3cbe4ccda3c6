using XenMesh.Node.Linux;

namespace XenMesh.Tests.Linux;

public sealed class EthtoolFeaturesTests
{
    [Fact]
    public void A_fresh_bridge_has_tx_checksumming_on()
    {
        var features = EthtoolFeatures.Parse(TestData.Read("ethtool-k-tx-on.txt"));

        Assert.True(features.TxChecksumming);
        Assert.True(features.IsEnabled("tx-checksum-ip-generic"));
    }

    [Fact]
    public void After_tx_off_the_aggregate_and_its_sub_features_are_off()
    {
        var features = EthtoolFeatures.Parse(TestData.Read("ethtool-k-tx-off.txt"));

        Assert.False(features.TxChecksumming);
        Assert.False(features.IsEnabled("tx-checksum-ip-generic"));
    }

    [Fact]
    public void Annotations_after_the_value_are_ignored()
    {
        var features = EthtoolFeatures.Parse(TestData.Read("ethtool-k-tx-off.txt"));

        Assert.False(features.IsEnabled("rx-checksumming"));       // "off [fixed]"
        Assert.False(features.IsEnabled("tx-tcp-segmentation"));   // "off [requested on]"
        Assert.True(features.IsEnabled("generic-receive-offload")); // "on"
    }

    [Fact]
    public void A_feature_ethtool_did_not_list_is_an_error_not_a_guess()
    {
        var features = EthtoolFeatures.Parse("Features for br0:\nrx-checksumming: off [fixed]\n");

        Assert.Throws<KeyNotFoundException>(() => features.TxChecksumming);
    }
}
