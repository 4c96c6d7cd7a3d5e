using TimeTrack.Domain.Transparency;
using TimeTrack.Domain.Visibility;

namespace TimeTrack.Web.Disclosure;

/// <summary>
/// Collects, while a response is put together from several figures, whose data it shows and how: one
/// by one (with the categories) or only counted in group figures. <see cref="RecordTo"/> then writes
/// one access-log row per person for the whole response — a person who is in six figures of a page
/// looked at once is one read.
/// </summary>
public sealed class ShownFigures
{
    private readonly Dictionary<Guid, SortedSet<DataCategory>> _individually = [];
    private readonly Dictionary<Guid, SortedSet<DataCategory>> _inGroups = [];

    public bool IsEmpty => _individually.Count == 0 && _inGroups.Count == 0;

    /// <summary>The people shown one by one so far.</summary>
    public IReadOnlyCollection<Guid> Individuals => _individually.Keys;

    public void Individually(Guid person, params IEnumerable<DataCategory> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        Set(_individually, person).UnionWith(categories);
    }

    public void InGroup(Guid person, params IEnumerable<DataCategory> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        Set(_inGroups, person).UnionWith(categories);
    }

    /// <summary>
    /// Writes what was collected: a row per person shown one by one, and a row per person only counted
    /// in group figures ("included in a group of N", N being all of those). An export records itself as
    /// one, with everyone it included.
    /// </summary>
    public void RecordTo(Looker looker, AccessRead read)
    {
        ArgumentNullException.ThrowIfNull(looker);
        ArgumentNullException.ThrowIfNull(read);
        var grouped = _inGroups.Keys.Where(p => !_individually.ContainsKey(p)).ToList();
        var groupCategories = grouped.SelectMany(p => _inGroups[p]).Distinct().Order().ToList();
        if (read.Channel == AccessChannel.Export)
        {
            looker.Exported(read, [.. _individually.Select(i => (i.Key, (IReadOnlyCollection<DataCategory>)[.. i.Value]))], grouped, groupCategories);
            return;
        }

        foreach (var (person, categories) in _individually)
        {
            looker.ShownIndividually(person, [.. categories], read);
        }

        if (grouped.Count > 0)
        {
            looker.ShownInGroup(grouped, groupCategories, read);
        }
    }

    private static SortedSet<DataCategory> Set(Dictionary<Guid, SortedSet<DataCategory>> sets, Guid person) =>
        sets.TryGetValue(person, out var set) ? set : sets[person] = [];
}
