using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Steward.Time.Benchmarks.NextElapseBenchmarks).Assembly).Run(args);
