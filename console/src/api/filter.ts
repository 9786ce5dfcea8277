/** `<Attribute> sw "<value>"` for ListUsers/ListGroups' Filter, quoting so any name is safe. */
export function startsWith(attribute: 'UserName' | 'GroupName', value: string): string {
  return `${attribute} sw "${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}
