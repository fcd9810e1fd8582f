// Seeds and thread counts are process-wide in libtorch: tensor tests must not run in parallel (PLATFORM.md).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
