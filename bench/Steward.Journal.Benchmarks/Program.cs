using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Steward.Journal.Benchmarks.JournalBenchmarks).Assembly).Run(args);
