namespace Cd4ml.Core.Training.Loading;

/// <summary>
/// A column of values stored in fixed chunks of 8,192, filled in order. Unlike a growing list it never copies what it
/// holds, and each chunk stays below the large object heap's 85,000-byte threshold (64 KB of references, 32 KB of
/// numbers), so reading millions of rows leaves no large garbage behind and takes only the memory the values need.
/// </summary>
internal sealed class ChunkedColumn<T>
{
    private const int Shift = 13;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[long index] => _chunks[(int)(index >> Shift)][index & Mask];

    public void Add(T value)
    {
        var slot = Count & Mask;
        if (slot == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[^1][slot] = value;
        Count++;
    }
}
