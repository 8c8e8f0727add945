import './styles.css';
import { APP } from './app';
import { Shell } from './shell/shell';

const root = document.getElementById('app');
if (root) new Shell(root, APP).start();
