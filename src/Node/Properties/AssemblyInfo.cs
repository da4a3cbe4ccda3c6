using System.Runtime.Versioning;

// The agent drives Linux bridges, netlink and Xen's Linux hotplug interface; it runs nowhere else.
[assembly: SupportedOSPlatform("linux")]
