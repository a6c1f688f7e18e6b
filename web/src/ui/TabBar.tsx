interface Props<T extends string> {
  tabs: readonly T[];
  active: T;
  label: (tab: T) => string;
  onSelect: (tab: T) => void;
  /** Each tab's test id is `${testIdPrefix}${tab}`. */
  testIdPrefix: string;
}

/** A row of tabs; the active one is marked selected. */
export function TabBar<T extends string>({ tabs, active, label, onSelect, testIdPrefix }: Props<T>) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          aria-selected={active === name}
          className={`tabs__tab${active === name ? ' is-active' : ''}`}
          onClick={() => onSelect(name)}
          data-testid={`${testIdPrefix}${name}`}
        >
          {label(name)}
        </button>
      ))}
    </div>
  );
}
