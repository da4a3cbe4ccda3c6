using XenMesh.Node.Hosting;

return await EntryPoint.RunAsync(args).ConfigureAwait(false);
