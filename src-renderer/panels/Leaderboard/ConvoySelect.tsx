import { useGcsStore } from '../../state/GcsContext';
import { selectors } from '../../state/selectors';

export function ConvoySelect() {
  const convoys = useGcsStore(selectors.convoys);
  const selectedConvoyId = useGcsStore(selectors.selectedConvoyId);
  const selectConvoy = useGcsStore(selectors.selectConvoy);

  return (
    <label className="convoy-select">
      <span className="panel__label">Convoy</span>
      <select
        data-testid="convoy-select"
        value={selectedConvoyId ?? ''}
        disabled={convoys.length === 0}
        onChange={(event) => selectConvoy(event.target.value)}
      >
        {convoys.length === 0 && <option value="">No convoys</option>}
        {convoys.map((convoy) => (
          <option key={convoy.convoyId} value={convoy.convoyId}>
            {convoy.callsign}
          </option>
        ))}
      </select>
    </label>
  );
}
